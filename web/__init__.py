"""The staff web console (issue 13): served by the bot's process on WEB_HOST:WEB_PORT."""
