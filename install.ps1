# Installs the prebuilt crlint on Windows: downloads the release archive,
# verifies its SHA-256, puts crlint.exe in %LOCALAPPDATA%\Programs\crlint\bin and
# adds that directory to the user's PATH (no Rust toolchain).
#
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/crazyrouter/crlint/releases/download/v0.1.0/install.ps1 | iex"
#
# Settings (environment variables), as install.sh:
#   CRLINT_VERSION         the version to install (default: 0.1.0, this script's)
#   CRLINT_DOWNLOAD_BASE   where the archives are (default:
#                          https://github.com/crazyrouter/crlint/releases/download/vVERSION)
#   CRLINT_INSTALL_DIR     where crlint.exe goes (default: %LOCALAPPDATA%\Programs\crlint\bin)
#   CRLINT_TARGET          the Rust target whose archive to take (default: x86_64-pc-windows-msvc;
#                          Windows on Arm runs it too)
#   CRLINT_SHA256          the archive's expected SHA-256, checked as well as ARCHIVE.sha256
#   CRLINT_NO_MODIFY_PATH  set to 1 to leave the user's PATH alone
#
# Run as a file (`pwsh -File install.ps1`), its exit status is install.sh's: 0
# installed, 1 not installed, 3 refused (checksum mismatch). Run through `iex`,
# a failure is an error message and the session stays open. Works on Windows
# PowerShell 5.1 and PowerShell 7.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Stop-Install([int] $Code, [string] $Message) {
    Write-Host "crlint-install: error: $Message" -ForegroundColor Red
    if ($PSCommandPath) { exit $Code }
    throw "crlint-install: $Message"
}

$Version = if ($env:CRLINT_VERSION) { $env:CRLINT_VERSION } else { '0.1.0' }
$Base = if ($env:CRLINT_DOWNLOAD_BASE) { $env:CRLINT_DOWNLOAD_BASE.TrimEnd('/') } `
        else { "https://github.com/crazyrouter/crlint/releases/download/v$Version" }
$InstallDir = if ($env:CRLINT_INSTALL_DIR) { $env:CRLINT_INSTALL_DIR } `
              else { Join-Path $env:LOCALAPPDATA 'Programs\crlint\bin' }
if ($env:CRLINT_TARGET) {
    $Target = $env:CRLINT_TARGET
} else {
    $arch = if ($env:PROCESSOR_ARCHITEW6432) { $env:PROCESSOR_ARCHITEW6432 } else { $env:PROCESSOR_ARCHITECTURE }
    if ($arch -ne 'AMD64' -and $arch -ne 'ARM64') {
        Stop-Install 1 "no prebuilt crlint for Windows $arch; build it with ``cargo install crlint``"
    }
    $Target = 'x86_64-pc-windows-msvc'
}
$Stem = "crlint-v$Version-$Target"
$Archive = "$Stem.zip"

$Tmp = Join-Path ([IO.Path]::GetTempPath()) ("crlint-install-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $Tmp | Out-Null
try {
    # Windows PowerShell 5.1 does not offer TLS 1.2 by default.
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    $ArchivePath = Join-Path $Tmp $Archive
    Write-Host "crlint-install: downloading $Base/$Archive"
    try {
        Invoke-WebRequest -UseBasicParsing -Uri "$Base/$Archive" -OutFile $ArchivePath
        Invoke-WebRequest -UseBasicParsing -Uri "$Base/$Archive.sha256" -OutFile "$ArchivePath.sha256"
    } catch {
        Stop-Install 1 "cannot download $Base/${Archive}: $($_.Exception.Message)"
    }

    # `HEX  NAME`: the hash must be for this archive's name, and the bytes must match it.
    $fields = ([IO.File]::ReadAllText("$ArchivePath.sha256")).Trim() -split '\s+', 2
    $expected = $fields[0].ToLowerInvariant()
    $name = if ($fields.Count -gt 1) { $fields[1].TrimStart('*') } else { '' }
    if ($name -ne $Archive -or $expected.Length -ne 64) {
        Stop-Install 3 "$Archive.sha256 is not a checksum of ${Archive}: refused, nothing installed"
    }
    $actual = (Get-FileHash -Algorithm SHA256 -Path $ArchivePath).Hash.ToLowerInvariant()
    if ($actual -ne $expected) {
        Stop-Install 3 "checksum mismatch for ${Archive}: expected $expected, got ${actual}: refused, nothing installed"
    }
    if ($env:CRLINT_SHA256 -and $actual -ne $env:CRLINT_SHA256.ToLowerInvariant()) {
        Stop-Install 3 "$Archive is $actual, not the pinned CRLINT_SHA256 $($env:CRLINT_SHA256): refused, nothing installed"
    }
    Write-Host "crlint-install: verified sha256 $actual"

    Expand-Archive -Path $ArchivePath -DestinationPath $Tmp -Force
    $Exe = Join-Path (Join-Path $Tmp $Stem) 'crlint.exe'
    if (-not (Test-Path -LiteralPath $Exe -PathType Leaf)) { Stop-Install 1 "$Archive holds no $Stem\crlint.exe" }
    & $Exe --version | Out-Null
    if ($LASTEXITCODE -ne 0) { Stop-Install 1 "the $Target binary does not run on this machine" }

    New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
    $Dest = Join-Path $InstallDir 'crlint.exe'
    Copy-Item -LiteralPath $Exe -Destination $Dest -Force
    Write-Host "crlint-install: installed $(& $Dest --version) to $Dest"

    $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    $onPath = ($env:Path -split ';') -contains $InstallDir
    if ($env:CRLINT_NO_MODIFY_PATH -eq '1') {
        if (-not $onPath) { Write-Host "crlint-install: note: $InstallDir is not on your PATH" }
    } elseif (-not (($userPath -split ';') -contains $InstallDir)) {
        $newPath = if ($userPath) { "$InstallDir;$userPath" } else { $InstallDir }
        [Environment]::SetEnvironmentVariable('Path', $newPath, 'User')
        $env:Path = "$InstallDir;$env:Path"
        Write-Host "crlint-install: added $InstallDir to your user PATH (new terminals see it)"
    }
} finally {
    Remove-Item -LiteralPath $Tmp -Recurse -Force -ErrorAction SilentlyContinue
}
