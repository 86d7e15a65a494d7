"""CCHC Desktop. ``python main.py`` starts the app; ``python main.py <command>`` runs it headless."""
import sys


def run() -> int:
    if len(sys.argv) > 1:
        from cchc_desktop.cli import main

        return main(sys.argv[1:])
    # no cyclic garbage collection while Qt and the app are imported and the home window is built
    # (tens of thousands of long-lived objects, traversed again and again for nothing: ~4 ms of
    # start-up); gui.app.start() freezes what exists then and turns collection back on
    import gc

    gc.disable()
    from cchc_desktop.gui.app import fast_exit
    from cchc_desktop.gui.app import main as gui_main

    code = gui_main(sys.argv)
    fast_exit(code)  # the store is closed: skip tearing the heap down one object at a time
    return code


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # the frozen bundle starts worker processes (consolidation reads files in parallel) by
        # running this program again: let those children do their job instead of starting the
        # app (imported only when frozen: multiprocessing pulls in socket at start-up)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(run())
