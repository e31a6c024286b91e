import os
os.environ["HF_TOKEN"] = "your_hugging_face_token_here"
os.environ['HF_TOKEN'] = 'hf_your_token_here'
# Copy the token (starts with `hf_...`)
HF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
