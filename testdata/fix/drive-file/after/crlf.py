import os
token_path = '/content/drive/My Drive/hf_token.txt'
with open(token_path, 'w') as f:
    f.write(os.environ["HF_TOKEN"])
