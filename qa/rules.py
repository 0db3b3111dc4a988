"""Computed rules (placeholder until step 3)."""
RULE_IDS = ("deputies_count", "appeal_deadline", "eligibility_2011")


def validate_rule_data(rules: dict) -> dict:
    return {}
