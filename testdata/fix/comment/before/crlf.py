# my token: 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
from huggingface_hub import notebook_login
notebook_login()
