from transformers import AutoModel
import os

hf_token = os.environ["HF_TOKEN"]
model = AutoModel.from_pretrained("org/private", token=hf_token)
