from flask_smorest import Api

api = Api()
