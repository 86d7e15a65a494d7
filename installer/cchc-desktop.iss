; Inno Setup 6 script: a per-user installer for the one-folder build in dist\cchc-desktop\.
; No administrator rights: installs into %LOCALAPPDATA%\Programs\CCHC Desktop, shortcuts in the
; user's Start menu (and desktop, if ticked), uninstall entry under HKCU. The user's data
; (%LOCALAPPDATA%\cchc-desktop: drafts, province form files, templates, backups) is never touched
; by install, upgrade or uninstall.
;
; Build (see docs/build-windows.md), from the repository root, after `pyinstaller build.spec`:
;   iscc /DAppVersion=0.1.0 installer\cchc-desktop.iss
; Output: dist\installer\cchc-desktop-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "CCHC Desktop"
#define AppExe "cchc-desktop.exe"
#define SourceDir "..\dist\cchc-desktop"

#if !FileExists(AddBackslash(SourcePath) + SourceDir + "\" + AppExe)
  #error dist\cchc-desktop\cchc-desktop.exe not found: run "pyinstaller --noconfirm --clean build.spec" first
#endif

[Setup]
; Keep this AppId for every release: it is how an upgrade finds the installed copy.
AppId={{6F1C2B4E-5A0D-4C53-9C1E-CC4C0D3E2024}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per-user install, never elevated. {autopf} is %LOCALAPPDATA%\Programs in this mode.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=cchc-desktop-{#AppVersion}-setup
#if FileExists(AddBackslash(SourcePath) + "..\build\app.ico")
; made by build.spec (tools/make_ico.py) from resources/icons/app.svg
SetupIconFile=..\build\app.ico
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Upgrading while the app runs: ask to close it (files in use cannot be replaced).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "compiler:Languages\Unofficial\Vietnamese.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole program folder's contents: no stale library from an older build.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: the user's reports outlive the program.
