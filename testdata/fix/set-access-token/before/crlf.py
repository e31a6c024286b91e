from huggingface_hub import HfApi
api = HfApi()

api.set_access_token("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")
api.whoami()
