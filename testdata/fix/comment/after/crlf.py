# my token: <hf-token removed by hfscan>
from huggingface_hub import notebook_login
notebook_login()
