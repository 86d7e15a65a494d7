"""The Qt front end of CCHC Desktop. Importing this package has no side effects;
``cchc_desktop.gui.app.main(argv)`` starts the application."""
