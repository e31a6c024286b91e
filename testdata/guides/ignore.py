import os
os.environ["HF_TOKEN"] = "paste-your-token"  # hfscan:ignore
os.environ["HF_TOKEN"] = "paste-your-token"
print(hf_token)  # hfscan:ignore[token-printed]
print(hf_token)  # hfscan:ignore[hf-token]
api = HfApi(token="not-in-a-comment hfscan:ignore")
