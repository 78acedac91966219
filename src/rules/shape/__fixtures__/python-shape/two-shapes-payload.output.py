issues = [
    {
        "type_v2": "number",
        "data": {
            "code": "too_small",
            "minimum": 2,
            "input": 1,
        },
    },
]
alone = {"code_v2": "too_small", "input": 1, "data": {"minimum": 2}}
canonical = {"type_v2": "number", "data": {"code": "too_small", "minimum": 2}}
