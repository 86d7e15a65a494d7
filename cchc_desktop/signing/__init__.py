"""Electronic documents: PDF/A export options, signature and seal images (Decree 30), PKCS#11 signing
(ký số with a USB token) and verification. Qt-free; the GUI dialogs live in ``gui/sign_dialog.py``.

- :mod:`.errors`      SigningError, whose ``str()`` is a Vietnamese sentence for the user
- :mod:`.token`       the CA's PKCS#11 driver: tokens, certificates, login (PIN never kept)
- :mod:`.sign`        PAdES B-B (B-T with a timestamp server) through pyHanko
- :mod:`.verify`      who signed, when, changed since, chains to a trusted CA
- :mod:`.trust`       the CA certificates the user chose to trust (in the data folder)
- :mod:`.appearance`  signature and seal images between the signer's title and name, the field
- :mod:`.pngimage`    a small PNG reader (the images become PDF image objects; no Pillow)
"""
