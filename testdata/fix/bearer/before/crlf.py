import requests
headers = {"Authorization": "Bearer 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"}
r = requests.get(url, headers=headers)
