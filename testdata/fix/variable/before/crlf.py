from transformers import AutoModel

hf_token = "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"
model = AutoModel.from_pretrained("org/private", token=hf_token)
