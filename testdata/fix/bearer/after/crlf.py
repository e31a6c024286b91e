import requests
import os
headers = {"Authorization": "Bearer " + os.environ["HF_TOKEN"]}
r = requests.get(url, headers=headers)
