from huggingface_hub import HfApi
from huggingface_hub import login
api = HfApi()

login()
api.whoami()
