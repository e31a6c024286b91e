import requests
WEATHER_API_KEY = "9k7l6Ad6UwtABgkVXOQZsQApWfpf4xK3"
r = requests.get(url, params={"appid": WEATHER_API_KEY})
