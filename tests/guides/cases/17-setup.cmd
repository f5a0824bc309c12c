@echo off
REM Crazyrouter: set the gateway for Claude Code and OpenAI tools
setx ANTHROPIC_BASE_URL https://crazyrouter.com/v1
setx OPENAI_BASE_URL "https://api.crazyrouter.com"
echo Done. Open a new window.
