from rest_framework.response import Response
from rest_framework.views import APIView


class TokenProvisionView(APIView):
    permission_classes = []

    def post(self, request):
        return Response({}, status=201)
