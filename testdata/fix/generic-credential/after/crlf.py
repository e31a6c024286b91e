import requests
import os
WEATHER_API_KEY = os.environ["WEATHER_API_KEY"]
r = requests.get(url, params={"appid": WEATHER_API_KEY})
