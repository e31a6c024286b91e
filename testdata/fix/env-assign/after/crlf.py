import os
from huggingface_hub import whoami
print(whoami()["name"])
