#!/usr/bin/env bash
# Crazyrouter installer: configures Claude Code and Codex for the current user.
set -euo pipefail

KEY="${CRAZYROUTER_API_KEY:?set CRAZYROUTER_API_KEY first}"
mkdir -p "$HOME/.claude" "$HOME/.codex"

cat > "$HOME/.claude/settings.json" <<EOF
{
  "env": {
    "ANTHROPIC_BASE_URL": "https://crazyrouter.com/v1",
    "ANTHROPIC_AUTH_TOKEN": "$KEY"
  }
}
EOF

cat > ~/.codex/config.toml <<'EOF'
model_provider = "crazyrouter"
[model_providers.crazyrouter]
name = "Crazyrouter"
base_url = "https://crazyrouter.com"
env_key = "CRAZYROUTER_API_KEY"
EOF

echo 'export OPENAI_BASE_URL=https://api.crazyrouter.com' >> ~/.bashrc
echo "Done. Manage your key at https://crazyrouter.com/console"
