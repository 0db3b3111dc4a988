"""Reference data on oblasts, rayons and cities (placeholder until step 5)."""


def validate_regions(data) -> list:
    return []
