// bench-bareqt: the floor for bench-startup — a bare Qt Widgets program that shows a
// QMainWindow with a label, paints it once into a PNG the same way `vitals --screenshot` does
// (QWidget::grab), and exits.
//
//   bench-bareqt --screenshot FILE [--window-size WxH]
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QPixmap>
#include <QStringList>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const qsizetype shotAt = args.indexOf(QStringLiteral("--screenshot"));
    if (shotAt < 0 || shotAt + 1 >= args.size()) {
        std::fprintf(stderr, "usage: bench-bareqt --screenshot FILE [--window-size WxH]\n");
        return 2;
    }
    const QString file = args.at(shotAt + 1);
    QSize size(1600, 1000);
    const qsizetype sizeAt = args.indexOf(QStringLiteral("--window-size"));
    if (sizeAt >= 0 && sizeAt + 1 < args.size()) {
        const QStringList wh = args.at(sizeAt + 1).split(QLatin1Char('x'));
        if (wh.size() == 2)
            size = QSize(wh[0].toInt(), wh[1].toInt());
    }

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Bare Qt"));
    window.setCentralWidget(new QLabel(QStringLiteral("A bare Qt Widgets window"), &window));
    window.resize(size);
    window.show();
    QTimer::singleShot(0, &window, [&] {
        const bool saved = window.grab().save(file, "PNG");
        QApplication::exit(saved ? 0 : 1);
    });
    return QApplication::exec();
}
