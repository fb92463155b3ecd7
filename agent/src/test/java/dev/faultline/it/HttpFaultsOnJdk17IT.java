package dev.faultline.it;

class HttpFaultsOnJdk17IT extends HttpFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.current();
    }

    @Override
    String expectedClientsInList() {
        return "\"clients\":[\"Apache HttpClient 4\",\"Apache HttpClient 5\",\"HttpURLConnection\",\"OkHttp\",\"java.net.http.HttpClient\"]";
    }
}
