import os
print("ok")
