from huggingface_hub import HfApi
import os

# Set the token as an environment variable
os.environ["HF_TOKEN"] = "hf_hfscanDemoNotARealKeyPlOkMnIjUhYgT"

# Authenticate and interact with Hugging Face
api = HfApi()
api.set_access_token(os.environ["HF_TOKEN"])

# Example: List your repositories
repos = api.list_repos()
print(repos)
