from transformers import pipeline
import os
pipe = pipeline("text-classification", model="org/private",
                token=os.environ["HF_TOKEN"])
