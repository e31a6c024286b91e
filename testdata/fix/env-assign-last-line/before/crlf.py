!pip install -q huggingface_hub
import os
os.environ['HF_TOKEN'] = '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'
