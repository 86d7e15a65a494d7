"""Editing a draft: typed field references (``refs``), cleaning and applying a value (``apply``)
and the ``DraftEditor`` that is the only thing changing an open draft (``editor``). Qt-free."""
from .editor import Change, DraftEditor
from .refs import (
                   AnnexCell,
                   FieldRef,
                   LegalBasis,
                   MetaField,
                   NumberingField,
                   OutlineField,
                   PeriodField,
                   RecipientLine,
                   RecipientsField,
                   SectionField,
                   SignerField,
                   VariantField,
                   ref_from_dict,
                   ref_from_legacy,
                   ref_from_path,
)

__all__ = [
    "Change", "DraftEditor", "FieldRef", "MetaField", "LegalBasis", "PeriodField", "VariantField",
    "NumberingField", "OutlineField", "SectionField", "AnnexCell", "RecipientsField", "RecipientLine",
    "SignerField", "ref_from_dict", "ref_from_path", "ref_from_legacy",
]
