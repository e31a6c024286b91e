from huggingface_hub import HfApi
api = HfApi()
api.whoami()
