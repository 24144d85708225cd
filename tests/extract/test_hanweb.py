"""Hanweb and JACT calls: how far a list is read when its reply, or its page, states a total."""
from crawlers.extract.hanweb import MAX_JACT_GROUPS, HanwebProxy, JactProxy

PROXY = "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp"


def test_a_first_call_without_the_total_learns_it_from_the_reply():
    proxy = HanwebProxy(proxy_url=PROXY, columnid="314", perpage=10, group_size=1)
    assert len(proxy.requests(start_after=10)) == 1  # only the next group, total unknown
    assert proxy.learn_total("<datastore><totalrecord>45</totalrecord></datastore>") is True
    assert [call.url.split("?")[1].split("&")[:2] for call in proxy.requests(start_after=10)] == [
        ["startrecord=11", "endrecord=20"], ["startrecord=21", "endrecord=30"],
        ["startrecord=31", "endrecord=40"], ["startrecord=41", "endrecord=45"]]
    assert proxy.learn_total("<totalrecord>99</totalrecord>") is False  # known already
    assert HanwebProxy(proxy_url=PROXY, columnid="1").learn_total("<datastore/>") is False


def test_a_jact_mailbox_is_read_group_by_group_up_to_its_total():
    jact = JactProxy(url="http://www.x.gov.cn/jact/front/dataproxy_mailpublist.do",
                     perpage=15, group_size=3, total=100)
    assert [jact.has_group(n) for n in (0, 2, 3)] == [True, True, False]
    unknown = JactProxy(url=jact.url)
    assert unknown.has_group(MAX_JACT_GROUPS - 1) and not unknown.has_group(MAX_JACT_GROUPS)
