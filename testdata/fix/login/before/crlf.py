from huggingface_hub import login
login(token="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")

login("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", add_to_git_credential=True)
