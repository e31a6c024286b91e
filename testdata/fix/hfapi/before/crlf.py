from huggingface_hub import HfApi
api = HfApi(token="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")
api.whoami()
