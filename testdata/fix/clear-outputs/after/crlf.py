print("step 1")

!huggingface-cli whoami
