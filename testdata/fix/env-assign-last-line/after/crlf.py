!pip install -q huggingface_hub
import os
