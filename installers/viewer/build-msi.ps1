# Builds the viewer's Windows installer with jpackage and WiX. Run it on Windows (jpackage cannot
# build for another OS), in PowerShell from anywhere in the checkout:
#   powershell -ExecutionPolicy Bypass -File installers\viewer\build-msi.ps1
# Result: installers\target\p2pcam Viewer-VERSION.msi: "p2pcam Viewer" in the Start menu and on the
# desktop, its own Java runtime (jlink) and the Windows x64 natives of FFmpeg and JavaFX.
#
# Needs: a JDK 25 for x64 (JAVA_HOME, e.g. Temurin 25 from https://adoptium.net), Maven on the PATH,
# and the WiX Toolset: WiX 3.14 (candle.exe/light.exe on the PATH) or WiX 4+ (`dotnet tool install
# --global wix`); jpackage 25 uses either.
# Identity: the upgrade code below is fixed forever: an .msi with the same upgrade code and a higher
# version replaces the installed one. The viewer keeps cameras and settings in %APPDATA%\p2pcam,
# never in the install folder, so upgrades and repairs keep them.
# Mirrors packaging.sh (the Linux/macOS side): same names, same runtime and natives layout.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..\..')

$UpgradeUuid = '6f1c7a52-3b8e-4f0a-9d27-5c1e8b4a7d93'
$Title = 'p2pcam Viewer'
$Vendor = 'p2pcam'
$Description = 'Watch your p2pcam cameras live, from anywhere, end-to-end encrypted'
$Copyright = 'Copyright p2pcam contributors, Apache-2.0'
$MainJar = 'viewer-desktop.jar'
$Icon = 'viewer-desktop\src\main\resources\io\p2pcam\viewer\app\icon-256.png'

$jdk = $env:JAVA_HOME
if (-not $jdk -or -not (Test-Path "$jdk\bin\jpackage.exe")) { throw 'Set JAVA_HOME to a JDK 25 (it must have bin\jpackage.exe).' }

& mvn -B -ntp -q package -pl viewer-desktop -am -DskipTests '-Djavacpp.platform=windows-x86_64' '-Djavafx.platform=win'
if ($LASTEXITCODE -ne 0) { throw 'viewer build failed' }

$work = 'installers\target\viewer-image'
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
New-Item -ItemType Directory -Force "$work\app", "$work\resources" | Out-Null

# Natives out of the jar, beside it (see SplitNatives.java); the last line is the main class.
$split = & "$jdk\bin\java" installers\viewer\SplitNatives.java "viewer-desktop\target\$MainJar" "$work\app" dll
if ($LASTEXITCODE -ne 0) { throw 'SplitNatives failed' }
$split | Write-Host
$mainClass = $split[-1]
Copy-Item installers\src\common\THIRD-PARTY-NOTICES.txt, LICENSE "$work\app"
(Get-Content -Raw installers\viewer\logback-installed.xml).Replace('@LOG_DIR@', '${LOCALAPPDATA}/p2pcam/logs') |
  Set-Content -Encoding UTF8 "$work\app\logback-installed.xml"

$modules = & "$jdk\bin\jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$work\app\$MainJar"
# jdk.management: the DiagnosticCommand MBean that keeps C2 off the Opus codec (decision 0036), named only
$modules = "$modules,jdk.management"
Write-Host "runtime modules: $modules"
& "$jdk\bin\jlink" --add-modules $modules --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$work\runtime"
if ($LASTEXITCODE -ne 0) { throw 'jlink failed' }

# jpackage wants an .ico: one 256 px PNG image inside an ICO container (Windows Vista and later).
$png = [IO.File]::ReadAllBytes((Resolve-Path $Icon))
$ico = New-Object IO.MemoryStream
$writer = New-Object IO.BinaryWriter($ico)
$writer.Write([UInt16]0); $writer.Write([UInt16]1); $writer.Write([UInt16]1)       # ICONDIR: icon, 1 image
$writer.Write([Byte]0); $writer.Write([Byte]0); $writer.Write([Byte]0); $writer.Write([Byte]0)  # 256x256, no palette
$writer.Write([UInt16]1); $writer.Write([UInt16]32)                                # planes, bits per pixel
$writer.Write([UInt32]$png.Length); $writer.Write([UInt32]22)                      # size, offset of the PNG
$writer.Write($png); $writer.Flush()
[IO.File]::WriteAllBytes("$work\p2pcam.ico", $ico.ToArray())

# The version jpackage wants (numbers only): the jar's Implementation-Version without -SNAPSHOT.
Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [IO.Compression.ZipFile]::OpenRead((Resolve-Path "viewer-desktop\target\$MainJar"))
try {
  $reader = New-Object IO.StreamReader($zip.GetEntry('META-INF/MANIFEST.MF').Open())
  $manifest = $reader.ReadToEnd(); $reader.Close()
} finally { $zip.Dispose() }
if ($manifest -notmatch 'Implementation-Version: ([0-9.]+)') { throw 'the viewer jar has no Implementation-Version' }
$version = $Matches[1]

& "$jdk\bin\jpackage" --type msi --dest installers\target `
  --name $Title --app-version $version --vendor $Vendor --copyright $Copyright `
  --description $Description --license-file LICENSE `
  --input "$work\app" --main-jar $MainJar --main-class $mainClass `
  --runtime-image "$work\runtime" `
  --java-options '--enable-native-access=ALL-UNNAMED' `
  --java-options '-Djava.library.path=$APPDIR' `
  --java-options '-Dorg.bytedeco.javacpp.pathsFirst=true' `
  --java-options '-Dorg.bytedeco.javacpp.cachedir=$APPDIR' `
  --java-options '-Dlogback.configurationFile=$APPDIR/logback-installed.xml' `
  --icon "$work\p2pcam.ico" `
  --win-upgrade-uuid $UpgradeUuid --win-menu --win-menu-group p2pcam --win-shortcut --win-dir-chooser
if ($LASTEXITCODE -ne 0) { throw 'jpackage failed' }
Get-ChildItem installers\target\*.msi
