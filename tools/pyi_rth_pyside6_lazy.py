"""PyInstaller run-time hook for PySide6, used by build.spec instead of PyInstaller's pyi_rth_pyside6.

It does what PyInstaller's hook does (Qt plugin path, QML path, PATH on Windows, DYLD path on
macOS, the single-bindings guard, and the embedded qt.conf that relocates Qt into the bundle),
with one difference: the qt.conf step needs ``PySide6.QtCore``, and PyInstaller's hook imports it
at every start. That costs ~60 ms before ``main`` runs, also for ``cchc --version`` and the other
headless commands that never touch Qt. Here the step runs right after the program's first import
of ``PySide6.QtCore`` instead, which is before any Qt object exists, so Qt sees the same paths.

build.spec swaps this file in only while PyInstaller's own hook still has the shape this file
mirrors; otherwise it keeps PyInstaller's hook.
"""


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")

    if sys.platform.startswith("win"):
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        pyqt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")

    os.environ["QT_PLUGIN_PATH"] = os.path.join(pyqt_path, "plugins")
    if is_macos_app_bundle:
        pyqt_path_res = os.path.normpath(
            os.path.join(sys._MEIPASS, "..", "Resources", os.path.relpath(pyqt_path, sys._MEIPASS)))
        os.environ["QML2_IMPORT_PATH"] = os.pathsep.join(
            [os.path.join(pyqt_path_res, "qml"), os.path.join(pyqt_path, "qml")])
    else:
        os.environ["QML2_IMPORT_PATH"] = os.path.join(pyqt_path, "qml")

    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")

    class _AfterQtCore:
        """Meta-path finder: wraps the loader of PySide6.QtCore once, then leaves sys.meta_path."""

        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            try:
                sys.meta_path.remove(self)
            except ValueError:
                pass
            import importlib.util

            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            inner = spec.loader

            class _Loader:
                def create_module(self, spec):
                    return inner.create_module(spec)

                def exec_module(self, module):
                    inner.exec_module(module)
                    qt_rth_utils.create_embedded_qt_conf("PySide6", pyqt_path)

            spec.loader = _Loader()
            return spec

    sys.meta_path.insert(0, _AfterQtCore())


_pyi_rthook()
del _pyi_rthook
