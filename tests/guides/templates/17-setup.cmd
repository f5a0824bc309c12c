@echo off
REM Crazyrouter: set the gateway for Claude Code and OpenAI tools
setx ANTHROPIC_BASE_URL ⟦https://crazyrouter.com/v1→https://api.crazyrouter.com⟧
setx OPENAI_BASE_URL "⟦https://api.crazyrouter.com→https://api.crazyrouter.com/v1⟧"
echo Done. Open a new window.
