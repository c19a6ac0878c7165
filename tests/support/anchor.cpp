// Gives the test-support library an object even before it has helpers of its own.
namespace vitals::testsupport {
int anchor()
{
    return 0;
}
} // namespace vitals::testsupport
