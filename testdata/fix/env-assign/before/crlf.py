import os
os.environ["HF_TOKEN"] = "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"
from huggingface_hub import whoami
print(whoami()["name"])
