from huggingface_hub import login
login()

login(add_to_git_credential=True)
