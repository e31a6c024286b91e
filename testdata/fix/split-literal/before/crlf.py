import os
os.environ["HF_TOKEN"] = "hf_ahMYcueBL" + "MuXFumnKoHKCISHpogOFNOPPi"
print("ok")
