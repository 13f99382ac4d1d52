<#
.SYNOPSIS
Persona Guard installer for Windows.

.DESCRIPTION
Installs the persona-guard package with pipx when it is present, otherwise into its own
virtual environment under %LOCALAPPDATA%\PersonaGuard\venv, registers the native
messaging host with the browsers found here (persona-guard install: a manifest per
browser family and a registry key per browser) and prints how to load the extension.
Safe to run again: a second run upgrades in place and rewrites nothing that is already
right. -Uninstall removes the registration and the environment; your profiles and audit
log stay.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File install.ps1
.EXAMPLE
powershell -ExecutionPolicy Bypass -File install.ps1 -Browser chrome,edge
.EXAMPLE
powershell -ExecutionPolicy Bypass -File install.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [string[]]$Browser = @(),
    [ValidateSet('user', 'system')][string]$Scope = 'user',
    [string]$Source = '',
    [string]$Prefix = '',
    [switch]$NoPipx,
    [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

function Say([string]$Text) { Write-Host "install.ps1: $Text" }

function Fail([string]$Text, [string]$Fix) {
    [Console]::Error.WriteLine("install.ps1: $Text")
    if ($Fix) { [Console]::Error.WriteLine("  fix: $Fix") }
    exit 2
}

function Invoke-Checked([string]$Exe, [string[]]$Arguments, [string]$What, [string]$Fix) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { Fail "$What failed (exit code $LASTEXITCODE)" $Fix }
}

# A browser may still hold the host's python.exe open: retry before giving up.
function Remove-WithRetry([string]$Path) {
    for ($attempt = 1; $attempt -le 5; $attempt++) {
        try {
            Remove-Item -LiteralPath $Path -Recurse -Force
            return
        } catch {
            if ($attempt -eq 5) {
                Fail "could not remove $Path ($($_.Exception.Message))" 'close every browser and run install.ps1 -Uninstall again'
            }
            Start-Sleep -Seconds 1
        }
    }
}

$StateDir = Join-Path $env:LOCALAPPDATA 'PersonaGuard'
$StateFile = Join-Path $StateDir 'install-script.json'
$State = $null
if (Test-Path -LiteralPath $StateFile) {
    $State = Get-Content -LiteralPath $StateFile -Raw -Encoding UTF8 | ConvertFrom-Json
}

if ($Uninstall) {
    $Bin = $null
    if ($State -and (Test-Path -LiteralPath $State.bin)) { $Bin = $State.bin }
    if (-not $Bin) {
        $Found = Get-Command persona-guard -ErrorAction SilentlyContinue
        if ($Found) { $Bin = $Found.Source }
    }
    if (-not $Bin) {
        Fail 'no Persona Guard installation found' 'nothing to remove; if it was installed another way, run: persona-guard uninstall'
    }
    Invoke-Checked $Bin @('uninstall', '--scope', $Scope) 'persona-guard uninstall' 'run PowerShell as administrator for -Scope system'
    if ($State -and $State.method -eq 'pipx') {
        & pipx uninstall persona-guard | Out-Null
        Say 'removed the pipx package'
    } elseif ($State -and $State.method -eq 'venv' -and (Test-Path -LiteralPath (Join-Path $State.prefix 'pyvenv.cfg'))) {
        Remove-WithRetry $State.prefix
        Say "removed $($State.prefix)"
    }
    if (Test-Path -LiteralPath $StateFile) { Remove-Item -LiteralPath $StateFile -Force }
    Say "done. Remove the extension from your browsers' extension pages."
    exit 0
}

# Python 3.11+: $env:PYTHON, else the py launcher, else python on PATH.
$Python = $null
$PythonArgs = @()
if ($env:PYTHON) {
    $Python = $env:PYTHON
} elseif (Get-Command py -ErrorAction SilentlyContinue) {
    $Python = 'py'
    $PythonArgs = @('-3')
} elseif (Get-Command python -ErrorAction SilentlyContinue) {
    $Python = 'python'
}
if (-not $Python -or -not (Get-Command $Python -ErrorAction SilentlyContinue)) {
    Fail 'Python was not found' 'install Python 3.11 or newer from python.org (tick "Add python.exe to PATH"), then run again'
}
& $Python @PythonArgs -c 'import sys; sys.exit(sys.version_info < (3, 11))'
if ($LASTEXITCODE -ne 0) {
    Fail "$Python is missing or older than 3.11 (the Microsoft Store 'python' alias does not count)" 'install Python 3.11 or newer from python.org, or set $env:PYTHON to its python.exe'
}

if (-not $Source) {
    $Checkout = Split-Path -Parent $PSScriptRoot
    if (Test-Path -LiteralPath (Join-Path $Checkout 'pyproject.toml')) { $Source = $Checkout } else { $Source = 'persona-guard' }
}

# Reuse the previous installation's method and place, so a second run upgrades in place.
$Method = 'venv'
if ($Prefix -or $NoPipx) {
    $Method = 'venv'
} elseif ($State) {
    $Method = $State.method
    if ($State.prefix) { $Prefix = $State.prefix }
} elseif (Get-Command pipx -ErrorAction SilentlyContinue) {
    $Method = 'pipx'
}

if ($Method -eq 'pipx') {
    Say "installing $Source with pipx"
    Invoke-Checked 'pipx' @('install', '--force', $Source) 'pipx install' 'run again with -NoPipx to use a virtual environment instead'
    $BinDir = (& pipx environment --value PIPX_BIN_DIR)
    if ($LASTEXITCODE -ne 0 -or -not $BinDir) { $BinDir = Join-Path $env:USERPROFILE '.local\bin' }
    $Bin = Join-Path $BinDir 'persona-guard.exe'
    $Prefix = ''
} else {
    if (-not $Prefix) { $Prefix = Join-Path $StateDir 'venv' }
    $VenvPython = Join-Path $Prefix 'Scripts\python.exe'
    if (-not (Test-Path -LiteralPath $VenvPython)) {
        Say "creating a virtual environment in $Prefix"
        Invoke-Checked $Python ($PythonArgs + @('-m', 'venv', $Prefix)) 'creating the virtual environment' 'check that you may write to that folder'
    }
    Say "installing $Source into $Prefix"
    Invoke-Checked $VenvPython @('-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--upgrade', $Source) 'pip install' 'check your network (or pass -Source with a local checkout or wheel) and run again'
    $Bin = Join-Path $Prefix 'Scripts\persona-guard.exe'
}
if (-not (Test-Path -LiteralPath $Bin)) { Fail "the installation left no $Bin" 'run again; if it persists, run with -NoPipx' }

New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
$Json = @{ method = $Method; prefix = $Prefix; bin = $Bin } | ConvertTo-Json
# UTF-8 without a byte order mark, whatever the PowerShell version.
[System.IO.File]::WriteAllText($StateFile, $Json, (New-Object System.Text.UTF8Encoding $false))

$InstallArgs = @('install', '--scope', $Scope)
foreach ($Name in $Browser) { $InstallArgs += @('--browser', $Name) }
Invoke-Checked $Bin $InstallArgs 'persona-guard install' 'read the error above; -Scope system needs PowerShell run as administrator'
Say "persona-guard is $Bin"
if (Test-Path -LiteralPath (Join-Path $Source 'extension\build.py')) {
    Say "build the extension zips with: & '$Bin' package --source '$Source\extension'   (into $Source\dist)"
}
