# Crazyrouter installer for Windows
$ErrorActionPreference = "Stop"
$claude = Join-Path $env:USERPROFILE ".claude"
New-Item -ItemType Directory -Force -Path $claude | Out-Null

$json = @"
{
  "env": {
    "ANTHROPIC_BASE_URL": "⟦https://crazyrouter.com→https://api.crazyrouter.com⟧"
  }
}
"@
Set-Content -Path (Join-Path $claude "settings.json") -Value $json -Encoding UTF8

[Environment]::SetEnvironmentVariable("OPENAI_BASE_URL", "⟦https://crazyrouter.com/v1→https://api.crazyrouter.com/v1⟧", "User")
[Environment]::SetEnvironmentVariable("ANTHROPIC_BASE_URL", "⟦https://api.crazyrouter.com/v1→https://api.crazyrouter.com⟧", "User")
Write-Host "Configured. Open a new terminal and run `"claude`"." `
  -ForegroundColor Green
