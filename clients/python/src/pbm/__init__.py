"""Generated from proto/ by scripts/generate-clients.sh. DO NOT EDIT."""
