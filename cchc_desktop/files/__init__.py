"""Every file the app writes or reads goes through here (Qt-free).

- ``files.write``: ``write_file(path, data, inputs=..., overwrite=...)`` and
  ``atomic_target(...)``: refuses an output that is one of the inputs, never replaces a file the
  app did not write (or that changed since) unless told to (GUI: after asking; CLI: ``--force``),
  writes beside and ``os.replace``s, records what it wrote (``files.record``).
- ``files.read``: ``read_bytes(path, limit=..., what=...)``, ``open_zip``, ``read_member``,
  ``parse_xml``, ``loads_json``: every read has a size cap, a zip member count/size cap, XML
  without entities, a JSON depth cap; devices and FIFOs are refused. Errors are
  ``ReadRefusedError`` (a ``CchcError``) in Vietnamese.
- ``files.messages``: Vietnamese sentences for ``OSError``s (``describe_write_error``,
  ``describe_read_error``, ``describe_os_error``).
"""
from .messages import describe_os_error, describe_read_error, describe_write_error
from .read import ReadRefusedError, loads_json, open_zip, parse_xml, read_bytes, read_member, read_text
from .write import (
    Overwrite,
    OverwriteRefusedError,
    SameAsInputError,
    atomic_target,
    check_target,
    new_file_mode,
    write_file,
)

__all__ = [
    "Overwrite", "OverwriteRefusedError", "ReadRefusedError", "SameAsInputError", "atomic_target", "check_target",
    "describe_os_error", "describe_read_error", "describe_write_error", "loads_json", "new_file_mode",
    "open_zip", "parse_xml", "read_bytes", "read_member", "read_text", "write_file",
]
