issues = [
    {
        "code": "too_small",
        "minimum": 2,
        "type": "number",
        "input": 1,
    },
]
alone = {"code": "too_small", "minimum": 2, "input": 1}
canonical = {"type_v2": "number", "data": {"code": "too_small", "minimum": 2}}
