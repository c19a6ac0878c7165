#pragma once

// A raw HTTP/1.1 client and exposition helpers for the end-to-end tests of the iris-server
// executable (irisserver_itest.cpp, irisserver_faults_itest.cpp). Test code only.
#include <QElapsedTimer>
#include <QTcpSocket>

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace irisserver_itest {

inline constexpr int kTimeoutMs = 20000; // generous: the machine is small and shared

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

// A blocking HTTP/1.1 client over one TCP connection, so tests control exactly what goes on
// the wire (pipelining, HTTP/1.0, partial requests). Usable from any thread without an event loop.
class Connection
{
public:
    bool open(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(kTimeoutMs);
    }
    void send(const std::string &raw)
    {
        m_socket.write(raw.data(), qint64(raw.size()));
        m_socket.waitForBytesWritten(kTimeoutMs);
    }
    std::optional<Reply> read()
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (auto r = parse())
                return r;
            if (timer.elapsed() > kTimeoutMs)
                return std::nullopt;
            if (!m_socket.waitForReadyRead(200)
                && m_socket.state() != QAbstractSocket::ConnectedState
                && m_socket.bytesAvailable() == 0)
                return parse();
            m_buffer += m_socket.readAll().toStdString();
        }
    }
    std::optional<Reply> request(const std::string &method, const std::string &target,
                                 const std::string &body = {})
    {
        send(method + " " + target
             + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
               "application/json\r\nContent-Length: "
             + std::to_string(body.size()) + "\r\n\r\n" + body);
        return read();
    }
    // True when the server closes the connection within the timeout.
    bool closedByPeer(int timeoutMs = kTimeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (m_socket.state() != QAbstractSocket::ConnectedState)
                return true;
            m_socket.waitForReadyRead(100);
            m_socket.readAll();
        }
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

private:
    std::optional<Reply> parse()
    {
        const auto end = m_buffer.find("\r\n\r\n");
        if (end == std::string::npos)
            return std::nullopt;
        Reply r;
        const std::string head = m_buffer.substr(0, end);
        r.status = std::atoi(head.c_str() + head.find(' ') + 1);
        std::size_t at = head.find("\r\n");
        while (at != std::string::npos) {
            const std::size_t next = head.find("\r\n", at + 2);
            const std::string line =
                head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
            const auto colon = line.find(':');
            std::string key = line.substr(0, colon);
            for (auto &c : key)
                c = char(std::tolower(c));
            r.headers[key] = line.substr(colon + 2);
            at = next;
        }
        const std::size_t length = std::stoul(r.headers["content-length"]);
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        r.body = m_buffer.substr(end + 4, length);
        m_buffer.erase(0, end + 4 + length);
        return r;
    }

    QTcpSocket m_socket;
    std::string m_buffer;
};

inline const std::string kSetosa = "{\"features\":[5.1,3.5,1.4,0.2]}";
inline const std::string kVirginica = "{\"features\":[6.3,3.3,6.0,2.5]}";

inline std::string scrape(quint16 port)
{
    Connection c;
    EXPECT_TRUE(c.open(port));
    const auto r = c.request("GET", "/metrics");
    EXPECT_TRUE(r && r->status == 200);
    return r ? r->body : std::string();
}

// The value of one exposition line, e.g. `inference_requests_total{…}`; -1 when absent.
inline double sample(const std::string &text, const std::string &series)
{
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos)
        return -1;
    return std::strtod(text.c_str() + at + series.size() + 2, nullptr);
}

inline std::string predictCount(int status)
{
    return "inference_requests_total{method=\"POST\",endpoint=\"/predict\",status=\""
           + std::to_string(status) + "\"}";
}

} // namespace irisserver_itest
