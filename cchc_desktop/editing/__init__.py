"""Editing a draft: typed field references (``refs``), cleaning and applying a value (``apply``:
``apply_edits``, the one function that changes a draft's fields) and the ``DraftEditor`` that
runs it on an open draft, saves it and sends change notices (``editor``). Qt-free."""
from .apply import apply_edits, edit
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
    "SignerField", "ref_from_dict", "ref_from_path", "ref_from_legacy", "apply_edits", "edit",
]
