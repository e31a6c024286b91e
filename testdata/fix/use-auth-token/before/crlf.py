from transformers import pipeline
pipe = pipeline("text-classification", model="org/private",
                use_auth_token="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")
