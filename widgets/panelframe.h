#pragma once

#include <QFrame>

class QLabel;

namespace vitals {

// The frame around one dashboard panel: a title bar with the panel's state, the content
// (a chart, tiles, a table) and a message over the content when there is nothing to show —
// the server's error text with the query that failed, or a hint when there is no data.
// Loading is shown in the title bar only, so a refresh never blanks data already shown.
// GUI thread only; owns its content widget through the Qt parent tree.
class PanelFrame : public QFrame
{
    Q_OBJECT
public:
    enum class State { Idle, Loading, Ready, Empty, Error };
    Q_ENUM(State)

    PanelFrame(const QString &title, QWidget *content, QWidget *parent = nullptr);

    QWidget *content() const { return m_content; }
    QString title() const;
    void setDescription(const QString &text);

    void setLoading();
    void setReady();
    // No data: `hint` tells the user what to check; `query` (may be empty) is the PromQL it
    // is about.
    void setEmpty(const QString &hint, const QString &query = {});
    // A failure: `message` in plain words, `query` the PromQL that failed (may be empty).
    void setError(const QString &message, const QString &query = {});

    State state() const { return m_state; }
    // The text over the content (error or hint); empty when the content is shown.
    QString message() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void fixStatusSize();
    void showMessage(const QString &html);
    void placeMessage();

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_content = nullptr;
    QLabel *m_message = nullptr;
    State m_state = State::Idle;
};

} // namespace vitals
